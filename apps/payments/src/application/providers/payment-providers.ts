import { NotFoundError } from '@emporium/contracts';
import type { PaymentMethod } from '../../domain/payment-status';
import type { PaymentProvider, ProviderName, WebhookAnswer } from './payment-provider';

/** Injection token of the provider registry. */
export const PAYMENT_PROVIDERS = Symbol('PAYMENT_PROVIDERS');

/** Which provider takes each method. */
export const PROVIDER_OF_METHOD: Readonly<Record<PaymentMethod, ProviderName>> = {
  SANDBOX_CARD: 'sandbox',
  ALIPAY_SANDBOX: 'alipay',
  WECHAT_SANDBOX: 'wechat',
};

/** The configured providers, by name. */
export class PaymentProviders {
  private readonly byName: ReadonlyMap<string, PaymentProvider>;

  constructor(providers: readonly PaymentProvider[]) {
    this.byName = new Map(providers.map((p) => [p.name, p]));
  }

  /** The provider named in a webhook path; an unknown one is a 404. */
  named(name: string): PaymentProvider {
    const provider = this.byName.get(name);
    if (!provider) throw new NotFoundError('provider-not-found', `No payment provider ${name}`);
    return provider;
  }

  /** The answer a provider expects to a notification it delivered, when it has its own. */
  answerOf(name: string): WebhookAnswer | undefined {
    return this.named(name).answerWebhook?.();
  }

  /** Closes the providers' connections (on shutdown). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.byName.values()].map((p) => p.close?.()));
  }

  /** The provider that takes `method`. */
  forMethod(method: PaymentMethod): PaymentProvider {
    return this.named(PROVIDER_OF_METHOD[method]);
  }
}
