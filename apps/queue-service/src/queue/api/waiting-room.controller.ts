import { Body, Controller, Get, Param, Patch, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ConcertIdParams, ConcertWaitingRoomOptions, WaitingRoomFairnessView, WaitingRoomView } from '@concert/contracts';
import { ConfigureRoomUseCase } from '../application/configure-room/configure-room.use-case';
import { ProveOpeningUseCase } from '../application/prove-opening/prove-opening.use-case';
import { ViewRoomUseCase } from '../application/view-room/view-room.use-case';
import type { RoomState } from '../domain/room';
import { AdminKeyGuard } from '@concert/platform';

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function roomView(room: RoomState): WaitingRoomView {
  return {
    concertId: room.concertId,
    maxActiveUsers: room.maxActiveUsers,
    activeSeconds: room.activeSeconds,
    saleOpensAt: isoOrNull(room.saleOpensAtMs),
    preQueue: room.preQueue,
    waiting: room.waiting,
    active: room.active,
    admittedLastMinute: room.admittedLastMinute,
    openedAt: isoOrNull(room.openedAtMs),
    capacity: room.capacity,
    seedCommitment: room.seedCommitment,
  };
}

/** A concert's waiting room: the organizer's live view and controls, and the public proof of its opening. */
@ApiTags('Waiting room')
@Controller('api/v1')
export class WaitingRoomController {
  constructor(
    private readonly viewRoom: ViewRoomUseCase,
    private readonly configureRoom: ConfigureRoomUseCase,
    private readonly proveOpening: ProveOpeningUseCase,
  ) {}

  @Get('concerts/:concertId/waiting-room/fairness')
  @ApiOperation({
    summary: "Proof of the room's opening shuffle (public)",
    description:
      'Before the opening: the seed commitment (SHA-256 of the secret seed). After it: the seed and the pre-queue in its shuffled order (each member the ' +
      'SHA-256 of their token id), so anyone can recompute the order and check it against the commitment (npm run verify-opening). Nulls throughout ' +
      'for a room with no scheduled opening.',
  })
  @ApiOkResponse({ type: WaitingRoomFairnessView })
  async fairness(@Param() params: ConcertIdParams, @Req() request: FastifyRequest): Promise<WaitingRoomFairnessView> {
    const proof = await this.proveOpening.execute(params.concertId, String(request.id));
    return { saleOpensAt: isoOrNull(proof.saleOpensAtMs), seedCommitment: proof.seedCommitment, seed: proof.seed, order: proof.order, openedAt: isoOrNull(proof.openedAtMs) };
  }

  @Get('admin/concerts/:concertId/waiting-room')
  @UseGuards(AdminKeyGuard)
  @ApiHeader({ name: 'X-Admin-Key', required: true })
  @ApiOperation({ summary: "A concert's waiting room, live", description: 'Settings, pre-queue, waiting, active and admissions of the last minute.' })
  @ApiOkResponse({ type: WaitingRoomView })
  async get(@Param() params: ConcertIdParams, @Req() request: FastifyRequest): Promise<WaitingRoomView> {
    return roomView(await this.viewRoom.execute(params.concertId, String(request.id)));
  }

  @Patch('admin/concerts/:concertId/waiting-room')
  @UseGuards(AdminKeyGuard)
  @ApiHeader({ name: 'X-Admin-Key', required: true })
  @ApiOperation({
    summary: "Change a concert's waiting room while people wait",
    description:
      "Any of maxActiveUsers, activeSeconds, saleOpensAt; takes effect at the room's next step: capacity raised, the next waiting users are admitted; " +
      'lowered, nobody ACTIVE is evicted. saleOpensAt may change only until the sale has opened.',
  })
  @ApiBody({ type: ConcertWaitingRoomOptions })
  @ApiOkResponse({ type: WaitingRoomView })
  async patch(@Param() params: ConcertIdParams, @Body() body: ConcertWaitingRoomOptions, @Req() request: FastifyRequest): Promise<WaitingRoomView> {
    const room = await this.configureRoom.execute(
      params.concertId,
      {
        maxActiveUsers: body.maxActiveUsers,
        activeSeconds: body.activeSeconds,
        saleOpensAtMs: body.saleOpensAt === undefined ? undefined : Date.parse(body.saleOpensAt),
      },
      String(request.id),
    );
    return roomView(room);
  }
}
