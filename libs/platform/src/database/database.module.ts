import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { type BaseConfig, type DatabaseConfig, runsBackgroundWork } from '../config/config';
import type { HealthProbe } from '../health/health-probe';
import { reserveConnectionsForBackgroundWork } from './background-connections';
import { type ServiceDataSourceOptions, serviceDataSourceOptions } from './data-source';

export type DatabaseModuleOptions = Pick<ServiceDataSourceOptions, 'schema' | 'entities' | 'migrations'>;

@Injectable()
export class PostgresHealthProbe implements HealthProbe {
  readonly name = 'postgres';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}

/** The service's TypeORM data source on its own schema, plus its health probe. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: DatabaseConfig & BaseConfig) => ({
            ...serviceDataSourceOptions({
              ...options,
              url: config.DATABASE_URL,
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: `${options.schema}-${config.INSTANCE_ID}`,
            }),
            // An api process runs no background work: its requests get the whole pool.
            backgroundConnections: runsBackgroundWork(config) ? config.DATABASE_BACKGROUND_CONNECTIONS : 0,
          }),
          dataSourceFactory: async (dataSourceOptions) => {
            const { backgroundConnections, ...typeOrmOptions } = dataSourceOptions as DataSourceOptions & { backgroundConnections: number };
            const dataSource = await new DataSource(typeOrmOptions).initialize();
            reserveConnectionsForBackgroundWork(dataSource, backgroundConnections);
            return dataSource;
          },
        }),
      ],
      providers: [PostgresHealthProbe],
      exports: [PostgresHealthProbe],
    };
  }
}
