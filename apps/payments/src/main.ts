import 'reflect-metadata';
import { serviceMain } from '@emporium/platform-app';
import { paymentsEntry } from './app.module';

serviceMain(paymentsEntry);
