import { Module } from '@nestjs/common';
import { DataPlatformForwarder } from './infrastructure/data-platform.forwarder';
import { EventHistoryRecorder } from './infrastructure/event-history.recorder';

@Module({ providers: [EventHistoryRecorder, DataPlatformForwarder] })
export class HistoryModule {}
