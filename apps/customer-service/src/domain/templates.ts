import { BusinessRuleError } from '@emporium/contracts';

/** Fields a canned reply may use, filled from the ticket's context. */
export const TEMPLATE_FIELDS = [
  'customerName',
  'orderNumber',
  'ticketNumber',
  'ticketSubject',
  'agentName',
  'orderStatus',
] as const;

/** One template field. */
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** Values of the fields for one ticket; a missing value renders as its fallback. */
export type TemplateContext = Partial<Record<TemplateField, string>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Refuses a template that names a field the renderer does not know (422). */
export function assertTemplateFields(body: string): void {
  const unknown = [...body.matchAll(PLACEHOLDER)]
    .map((m) => m[1])
    .filter((f) => !(TEMPLATE_FIELDS as readonly string[]).includes(f));
  if (unknown.length) {
    throw new BusinessRuleError(
      'template-field-unknown',
      `Unknown field(s) ${[...new Set(unknown)].join(', ')}; known: ${TEMPLATE_FIELDS.join(', ')}`,
    );
  }
}

/** Fills `{{field}}` placeholders; a field without a value becomes `fallback`. */
export function renderTemplate(body: string, context: TemplateContext, fallback = '-'): string {
  return body.replace(
    PLACEHOLDER,
    (_, field: string) => context[field as TemplateField] ?? fallback,
  );
}
