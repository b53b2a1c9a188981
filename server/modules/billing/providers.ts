/**
 * The outside services billing talks to, as interfaces: a payment-link provider (WeChat Pay,
 * Alipay) and an e-invoice provider. No real gateway is built: the app uses the fakes below
 * until a real adapter is set with `setBillingProviders` at start-up (tests set their own).
 */
import { randomBytes } from 'node:crypto';

export type PaymentLink = { providerRef: string; payUrl: string };
export type PaymentState = { status: 'pending' | 'succeeded'; reference: string | null; paidAt: Date | null };

export interface PaymentProvider {
  /** A pay link (QR) for an amount; the provider's reference identifies it later. */
  createLink(input: { method: 'wechat' | 'alipay'; amountFen: number; billId: string; description: string }): Promise<PaymentLink>;
  /** Whether the customer paid the link (the provider's transaction id as the reference). */
  query(providerRef: string): Promise<PaymentState>;
}

export type IssuedInvoice = { number: string; issuedOn: string; providerRef: string };
export interface InvoiceProvider {
  issue(input: { type: 'normal' | 'special'; title: string; taxId: string | null; amountFen: number; invoiceId: string; today: string }): Promise<IssuedInvoice>;
}

/**
 * The fake payment provider: links are paid when `pay(ref)` is called, or at once on the
 * first query when `autoPay` is set (the demo and browser journeys, where nobody scans a QR).
 */
export class FakePaymentProvider implements PaymentProvider {
  private readonly links = new Map<string, { amountFen: number; paid: PaymentState }>();
  constructor(private readonly options: { autoPay?: boolean; now?: () => Date } = {}) {}
  async createLink(input: { method: 'wechat' | 'alipay'; amountFen: number }): Promise<PaymentLink> {
    const providerRef = `FAKE-${input.method.toUpperCase()}-${randomBytes(6).toString('hex')}`;
    this.links.set(providerRef, { amountFen: input.amountFen, paid: { status: 'pending', reference: null, paidAt: null } });
    return { providerRef, payUrl: `https://pay.invalid/${providerRef}` };
  }
  pay(providerRef: string, at: Date = this.options.now?.() ?? new Date()): void {
    const link = this.links.get(providerRef);
    if (!link) throw new Error(`no link ${providerRef}`);
    link.paid = { status: 'succeeded', reference: `TXN${providerRef.slice(-8)}`, paidAt: at };
  }
  async query(providerRef: string): Promise<PaymentState> {
    const link = this.links.get(providerRef);
    if (!link) return { status: 'pending', reference: null, paidAt: null };
    if (this.options.autoPay && link.paid.status === 'pending') this.pay(providerRef);
    return link.paid;
  }
}

/** The fake e-invoice service: numbers FP + 8 digits in order, issued today. */
export class FakeInvoiceProvider implements InvoiceProvider {
  private next = 1;
  async issue(input: { invoiceId: string; today: string }): Promise<IssuedInvoice> {
    const number = `FP${String(this.next++).padStart(8, '0')}${input.invoiceId.slice(0, 4).toUpperCase()}`;
    return { number, issuedOn: input.today, providerRef: `FAKE-INV-${input.invoiceId}` };
  }
}

let paymentProvider: PaymentProvider = new FakePaymentProvider({ autoPay: true });
let invoiceProvider: InvoiceProvider = new FakeInvoiceProvider();

export function setBillingProviders(providers: { payment?: PaymentProvider; invoice?: InvoiceProvider }): void {
  if (providers.payment) paymentProvider = providers.payment;
  if (providers.invoice) invoiceProvider = providers.invoice;
}
export const billingProviders = () => ({ payment: paymentProvider, invoice: invoiceProvider });
