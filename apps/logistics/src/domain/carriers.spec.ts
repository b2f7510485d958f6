import { carrierCode, parseCarrierSecrets } from './carriers';

describe('carrierCode', () => {
  it('turns a carrier name into its code', () => {
    expect(carrierCode('SF Express')).toBe('sf-express');
    expect(carrierCode('  Emporium  Fleet ')).toBe('emporium-fleet');
    expect(carrierCode('J&T Express')).toBe('j-t-express');
  });
});

describe('parseCarrierSecrets', () => {
  const long = 'x'.repeat(32);

  it('reads comma-separated code=secret pairs', () => {
    expect(parseCarrierSecrets(` sf-express=${long}, zto-express = ${long}y `, 32)).toEqual({
      'sf-express': long,
      'zto-express': `${long}y`,
    });
  });

  it('keeps an equals sign inside a secret', () => {
    expect(parseCarrierSecrets(`sf-express=${long}==`, 32)).toEqual({ 'sf-express': `${long}==` });
  });

  it('says what is wrong with a bad list', () => {
    expect(parseCarrierSecrets(`SF=${long}`, 32)).toMatch(/not a carrier code/);
    expect(parseCarrierSecrets('sf-express=short', 32)).toMatch(/shorter than 32/);
    expect(parseCarrierSecrets(`sf-express=${long},sf-express=${long}`, 32)).toMatch(/twice/);
    expect(parseCarrierSecrets(' , ', 32)).toBe('no carrier=secret pair');
  });
});
