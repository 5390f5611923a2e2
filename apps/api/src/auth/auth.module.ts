import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller.js';
import { DirectoryController } from './directory.controller.js';
import { LoginService } from './login.service.js';
import { LoginThrottle } from './login-throttle.js';
import { SessionGuard } from './session.guard.js';
import { SessionService } from './session.service.js';
import { UserDirectory } from './user-directory.js';
import { OidcController } from './oidc/oidc.controller.js';
import { OidcService } from './oidc/oidc.service.js';

/** Sign-in, sessions, and the global guard that makes every endpoint deny by default. */
@Module({
  controllers: [AuthController, DirectoryController, OidcController],
  providers: [
    SessionService,
    LoginThrottle,
    LoginService,
    UserDirectory,
    OidcService,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [SessionService, UserDirectory],
})
export class AuthModule {}
