/** The e2e server runs the platform's webhook receiver on E2E_PORT + 800 with this secret. */
export const E2E_WEBHOOK_SECRET = `whsec_${Buffer.from('lookout-e2e-webhook-secret-32-by').toString('base64')}`;

export function receiverUrl(): string {
  return `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 800}/events`;
}
