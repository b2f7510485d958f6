import { BusinessRuleError } from '@emporium/contracts';

/** What a product keeps of its reviews: enough to add one more without reading them all. */
export interface RatingAggregate {
  readonly count: number;
  /** Sum of all ratings, so the average never drifts from rounding. */
  readonly sum: number;
}

/** The aggregate after one more review of `rating` stars (1..5). */
export function addRating(aggregate: RatingAggregate, rating: number): RatingAggregate {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
    throw new BusinessRuleError(
      'rating-out-of-range',
      'A rating is a whole number of stars from 1 to 5',
    );
  }
  return { count: aggregate.count + 1, sum: aggregate.sum + rating };
}

/** The average shown to shoppers, to one decimal (half up); 0 without reviews. */
export function averageRating(aggregate: RatingAggregate): number {
  if (aggregate.count === 0) return 0;
  return Math.round((aggregate.sum * 10) / aggregate.count) / 10;
}
