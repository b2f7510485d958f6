import 'reflect-metadata';
import { serviceMain } from '@emporium/platform-app';
import { ordersEntry } from './app.module';

serviceMain(ordersEntry);
