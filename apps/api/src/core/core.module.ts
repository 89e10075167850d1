import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config';
import { RUNTIME, type Runtime } from './runtime';
import { TokenCipher } from './token-cipher';

/** Global providers every module may inject: the config, the runtime and the token cipher. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: APP_CONFIG, useValue: runtime.config },
        { provide: TokenCipher, useFactory: () => new TokenCipher(runtime.encryptionKey) },
      ],
      exports: [RUNTIME, APP_CONFIG, TokenCipher],
    };
  }
}
