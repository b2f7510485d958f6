import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import type { ReviewInput } from '../../application/reviews.service';

/** `POST /products/{id}/reviews`. */
export class CreateReviewDto implements ReviewInput {
  @IsInt() @Min(1) @Max(5) rating!: number;
  @IsString() @Length(1, 200) title!: string;
  @IsString() @Length(1, 5_000) body!: string;
}
