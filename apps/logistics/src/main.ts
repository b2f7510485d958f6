import 'reflect-metadata';
import { serviceMain } from '@emporium/platform-app';
import { logisticsEntry } from './app.module';

serviceMain(logisticsEntry);
