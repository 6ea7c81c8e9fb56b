/**
 * Notification providers: how a message reaches a shopper. Every send
 * carries an idempotency key (the notification's dedupe key) for providers
 * that deduplicate (most transactional email APIs do).
 *
 * `log` (local development, tests): sends nothing. The message itself is
 * recorded in the notifications table by the consumer; the provider writes
 * one log line with ids only — never the address or the content (no PII in logs).
 */
export interface OutgoingMessage {
  idempotencyKey: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  /** ids for logs and tracing, never PII */
  refs: Record<string, string>;
}

export interface NotificationProvider {
  readonly name: string;
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
}

export type Logger = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export class LogNotificationProvider implements NotificationProvider {
  readonly name = 'log';
  constructor(private readonly log: Logger) {}

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    const messageId = `log-${crypto.randomUUID()}`;
    this.log('info', 'notification recorded (log provider, not sent)', { kind: message.kind, messageId, ...message.refs });
    return { messageId };
  }
}

export function notificationProvider(name: string | undefined, log: Logger): NotificationProvider {
  switch (name ?? 'log') {
    case 'log':
    case '':
      return new LogNotificationProvider(log);
    default:
      throw new Error(`unknown NOTIFICATION_PROVIDER "${name}"`);
  }
}
