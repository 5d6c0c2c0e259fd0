import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { appDatabaseUrl, migrateAsOwner } from './database/database-roles';
import { MutationModule } from './database/mutation.module';
import { AllocationsModule } from './modules/allocations/allocations.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { BooksModule } from './modules/books/books.module';
import { EvidenceModule } from './modules/evidence/evidence.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { FlagsModule } from './modules/flags/flags.module';
import { FlagsRiskModule } from './modules/flags/flags-risk.module';
import { HealthModule } from './modules/health/health.module';
import { PlansModule } from './modules/plans/plans.module';
import { ReferenceModule } from './modules/reference/reference.module';
import { RegionsModule } from './modules/regions/regions.module';
import { ReportsModule } from './modules/reports/reports.module';
import { SpendingModule } from './modules/spending/spending.module';
import { SeedModule } from './database/seed/seed.module';
import { UsersModule } from './modules/users/users.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  /** The config is validated once by the caller (main.ts, tests) and handed in, typed. */
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.DATABASE_URL) throw new Error('DATABASE_URL belum ditentukan');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ ...config })] }),
        {
          module: class AppConfigModule {},
          global: true,
          providers: [{ provide: AppConfig, useValue: config }],
          exports: [AppConfig],
        },
        // Requests are logged by a Fastify hook (common/http/request-log.ts), not by this module's middleware.
        LoggerModule.forRoot({
          pinoHttp: { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] },
          forRoutes: [],
        }),
        // Migrations run as the owner (DATABASE_URL); the app itself connects as the restricted role.
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            await migrateAsOwner(config.DATABASE_URL!);
            return dataSourceOptions(appDatabaseUrl(config));
          },
        }),
        AuditModule,
        MutationModule,
        AllocationsModule,
        PlansModule,
        ReferenceModule,
        DocumentsModule,
        RegionsModule,
        AuthModule,
        HealthModule,
        UsersModule,
        SpendingModule,
        BooksModule,
        EvidenceModule,
        ReportsModule,
        FlagsModule,
        FlagsRiskModule,
        SeedModule,
        WebModule,
      ],
    };
  }
}
