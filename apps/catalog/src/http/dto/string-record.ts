import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A flat object of short string values (product and variant attributes such as 颜色: 黑色). */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 50 &&
          Object.entries(value).every(
            ([k, v]) => k.length >= 1 && k.length <= 50 && typeof v === 'string' && v.length <= 200,
          ),
        defaultMessage: () =>
          'must be an object of at most 50 names with text values up to 200 characters',
      },
    },
    options,
  );
}
