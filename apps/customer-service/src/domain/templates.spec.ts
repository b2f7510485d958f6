import { BusinessRuleError } from '@emporium/contracts';
import { assertTemplateFields, renderTemplate } from './templates';

describe('canned reply templates', () => {
  it('fills the fields and leaves a dash for unknown values', () => {
    const body = '{{customerName}}您好，订单 {{ orderNumber }} 已处理。Agent: {{agentName}}';
    expect(renderTemplate(body, { customerName: '张三', orderNumber: 'EM20261124-000123' })).toBe(
      '张三您好，订单 EM20261124-000123 已处理。Agent: -',
    );
  });

  it('refuses a template naming a field it cannot fill', () => {
    expect(() => assertTemplateFields('Hi {{customerName}} {{password}}')).toThrow(
      BusinessRuleError,
    );
    expect(() => assertTemplateFields('Hi {{customerName}}')).not.toThrow();
  });
});
