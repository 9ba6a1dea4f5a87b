import type { WaitingRoomSettings } from '../domain/waiting-room';

/** A concert's waiting-room settings as answered (ISO-8601 instants; null: the configured default). */
export interface WaitingRoomSettingsView {
  maxActiveUsers: number | null;
  activeSeconds: number | null;
  saleOpensAt: string | null;
}

export function waitingRoomSettingsViewOf(settings: WaitingRoomSettings): WaitingRoomSettingsView {
  return {
    maxActiveUsers: settings.maxActiveUsers,
    activeSeconds: settings.activeSeconds,
    saleOpensAt: settings.saleOpensAt?.toISOString() ?? null,
  };
}
