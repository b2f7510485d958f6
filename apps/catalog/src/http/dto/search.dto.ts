import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { PutSearchSynonymsRequest } from '@emporium/contracts';
import { SYNONYM_LIMITS } from '../../domain/search-query';
import { MAX_LIMIT } from './list-products.dto';

/** Most suggestions one keystroke answers. */
export const MAX_SUGGESTIONS = 10;

/** Query of `GET /search/suggest`. */
export class SuggestQueryDto {
  @IsString() @Length(1, 50) q!: string;
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => Math.min(Number(value), MAX_SUGGESTIONS))
  @IsInt()
  @Min(1)
  limit?: number;
}

/** Groups of 2 to 20 terms of 1 to 50 characters, at most 500 groups. */
@ValidatorConstraint({ name: 'synonymGroups' })
class SynonymGroups implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      Array.isArray(value) &&
      value.length <= SYNONYM_LIMITS.groups &&
      value.every(
        (group: unknown) =>
          Array.isArray(group) &&
          group.length >= 2 &&
          group.length <= SYNONYM_LIMITS.terms &&
          group.every(
            (term: unknown) =>
              typeof term === 'string' &&
              term.trim().length > 0 &&
              term.length <= SYNONYM_LIMITS.termLength,
          ),
      )
    );
  }

  defaultMessage(): string {
    return `groups must be at most ${SYNONYM_LIMITS.groups} arrays of 2-${SYNONYM_LIMITS.terms} terms of 1-${SYNONYM_LIMITS.termLength} characters`;
  }
}

/** `PUT /search/synonyms`: the whole list, replacing the previous one. */
export class PutSearchSynonymsDto implements PutSearchSynonymsRequest {
  @ApiProperty({
    type: 'array',
    maxItems: SYNONYM_LIMITS.groups,
    items: {
      type: 'array',
      minItems: 2,
      maxItems: SYNONYM_LIMITS.terms,
      items: { type: 'string', minLength: 1, maxLength: SYNONYM_LIMITS.termLength },
    },
    example: [
      ['手机', '移动电话'],
      ['充电宝', '移动电源'],
      ['iPhone', '苹果手机'],
    ],
  })
  @Validate(SynonymGroups)
  groups!: string[][];
}

/** Query of `GET /analytics/search-terms` (API.md "reports"). */
export class SearchTermsQueryDto {
  @IsString() @Length(10, 40) from!: string;
  @IsString() @Length(10, 40) to!: string;
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => Math.min(Number(value), MAX_LIMIT))
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;
}
