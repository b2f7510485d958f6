import 'reflect-metadata';
import { serviceMain } from '@emporium/platform-app';
import { analyticsEntry } from './app.module';

serviceMain(analyticsEntry);
