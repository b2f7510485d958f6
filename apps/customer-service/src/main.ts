import 'reflect-metadata';
import { serviceMain } from '@emporium/platform-app';
import { customerServiceEntry } from './app.module';

serviceMain(customerServiceEntry);
