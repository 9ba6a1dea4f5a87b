import { SYSTEM_ID_HEADER } from '@concert/platform';
import { MockAgent, type MockPool } from 'undici';
import type { Clock } from '../clock';
import { UpstreamGroup } from './upstream-group';
import { UpstreamHealthProbe } from './upstream-health.probe';
import type { UpstreamGroups, UpstreamReplica } from './upstream-registry';
import { UpstreamService } from './upstream-service';

const clock: Clock = { nowMs: () => 0 };
const SYSTEM = 'system-of-this-start';

describe('UpstreamHealthProbe', () => {
  let agent: MockAgent;

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });

  afterEach(async () => {
    await agent.close();
  });

  /** Replicas answering /health with these statuses and headers. */
  function groupsOf(answers: Array<{ name: string; status: number; headers: Record<string, string> }>): UpstreamGroups {
    const replicas: UpstreamReplica[] = answers.map(({ name, status, headers }) => {
      const url = `http://${name}.test`;
      const pool = agent.get<MockPool>(url);
      pool.intercept({ path: '/health', method: 'GET' }).reply(status, { status: 'ok' }, { headers });
      return { url, pool, streams: pool };
    });
    const group = new UpstreamGroup(replicas, clock);
    return { group: () => group };
  }

  const ours = { [SYSTEM_ID_HEADER]: SYSTEM };

  it('is up when every replica answers 200 as this system', async () => {
    const sut = new UpstreamHealthProbe(UpstreamService.Reservation, groupsOf([{ name: 'a', status: 200, headers: ours }, { name: 'b', status: 200, headers: ours }]), SYSTEM);
    await expect(sut.check()).resolves.toBeUndefined();
    expect(agent.pendingInterceptors()).toEqual([]);
  });

  it('counts a replica answering without x-system-id, or with another, as down, naming it', async () => {
    const sut = new UpstreamHealthProbe(
      UpstreamService.Reservation,
      groupsOf([
        { name: 'a', status: 200, headers: ours },
        { name: 'silent', status: 200, headers: {} },
        { name: 'other', status: 200, headers: { [SYSTEM_ID_HEADER]: 'an-earlier-start' } },
      ]),
      SYSTEM,
    );
    await expect(sut.check()).rejects.toThrow(
      '2 of 3 replica(s) down: http://silent.test answers as another system (no x-system-id); http://other.test answers as another system (x-system-id: an-earlier-start)',
    );
  });

  it('names a stranger as such even when it answers 503, and our own replica by its status', async () => {
    const sut = new UpstreamHealthProbe(UpstreamService.Payment, groupsOf([{ name: 'stranger', status: 503, headers: {} }, { name: 'ours', status: 503, headers: ours }]), SYSTEM);
    await expect(sut.check()).rejects.toThrow('2 of 2 replica(s) down: http://stranger.test answers as another system (no x-system-id); http://ours.test answered 503');
  });

  it('asks for no x-system-id when the gateway has no SYSTEM_ID', async () => {
    const sut = new UpstreamHealthProbe(UpstreamService.Queue, groupsOf([{ name: 'plain', status: 200, headers: {} }]), undefined);
    await expect(sut.check()).resolves.toBeUndefined();
  });
});
