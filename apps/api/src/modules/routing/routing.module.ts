import { Module } from '@nestjs/common';
import { DefaultInboundRouter } from './default-inbound-router';
import { InboundRouter } from './inbound-router';

@Module({
  providers: [{ provide: InboundRouter, useClass: DefaultInboundRouter }],
  exports: [InboundRouter],
})
export class RoutingModule {}
