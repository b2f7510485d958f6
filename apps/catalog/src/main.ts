import 'reflect-metadata';
import { serviceMain } from '@emporium/platform-app';
import { catalogEntry } from './app.module';

serviceMain(catalogEntry);
