import type { MigrationClass } from '@emporium/platform-persistence';
import { CreateCatalog1764086400000 } from './1764086400000-create-catalog';
import { CreateContent1796670334986 } from './1796670334986-create-content';
import { SearchKeys1796688625197 } from './1796688625197-search-keys';
import { SearchShortGrams1796690400000 } from './1796690400000-search-short-grams';
import { SearchPopularity1796692800000 } from './1796692800000-search-popularity';

/** The catalog service's own migrations, in order (outbox and inbox come from the platform). */
export const migrations: MigrationClass[] = [
  CreateCatalog1764086400000,
  CreateContent1796670334986,
  SearchKeys1796688625197,
  SearchShortGrams1796690400000,
  SearchPopularity1796692800000,
];
