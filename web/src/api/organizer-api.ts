import createClient, { type Client } from 'openapi-fetch';
import { answered } from './api-call';
import type { components, paths } from './schema';

type Schemas = components['schemas'];
export type CreateConcertRequest = Schemas['CreateConcertRequest'];
export type CreatedConcert = Schemas['CreatedConcertResponse'];
export type WaitingRoomView = Schemas['WaitingRoomView'];
export type WaitingRoomChange = Schemas['ConcertWaitingRoomOptions'];

/** The admin API as an organizer calls it with the admin key they typed in (X-Admin-Key). */
export class OrganizerApi {
  private readonly client: Client<paths> = createClient<paths>({ baseUrl: location.origin });

  constructor(private readonly adminKey: string) {}

  createConcert(request: CreateConcertRequest): Promise<CreatedConcert> {
    return answered(this.client.POST('/api/v1/admin/concerts', { params: { header: { 'X-Admin-Key': this.adminKey } }, body: request }));
  }

  waitingRoom(concertId: string): Promise<WaitingRoomView> {
    return answered(this.client.GET('/api/v1/admin/concerts/{concertId}/waiting-room', { params: { path: { concertId }, header: { 'X-Admin-Key': this.adminKey } } }));
  }

  changeWaitingRoom(concertId: string, change: WaitingRoomChange): Promise<WaitingRoomView> {
    return answered(
      this.client.PATCH('/api/v1/admin/concerts/{concertId}/waiting-room', { params: { path: { concertId }, header: { 'X-Admin-Key': this.adminKey } }, body: change }),
    );
  }
}
