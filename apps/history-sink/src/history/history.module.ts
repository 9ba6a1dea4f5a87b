import { Module } from '@nestjs/common';
import { DataPlatformForwarder } from './infrastructure/data-platform.forwarder';
import { EventHistoryRecorder } from './infrastructure/event-history.recorder';

@Module({ controllers: [EventHistoryRecorder], providers: [DataPlatformForwarder] })
export class HistoryModule {}
