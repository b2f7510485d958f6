import { Module } from '@nestjs/common';
import { MemberTiersService } from './application/member-tiers.service';
import { OrderPaidHandler } from './messaging/orders-order.handlers';
import { PaymentRefundedHandler } from './messaging/payments-payment.handlers';

/**
 * Loyalty: each customer's paid spend and member tier, from order.paid and payment.refunded,
 * announced as customer.tier-changed. It leaves the gateway for the service that will own points
 * and member prices (architecture.md "Gateway"); nothing outside this folder imports it.
 */
@Module({
  providers: [MemberTiersService, OrderPaidHandler, PaymentRefundedHandler],
})
export class MembershipModule {}
