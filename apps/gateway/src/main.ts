import 'reflect-metadata';
import { serviceMain } from '@emporium/platform-app';
import { gatewayEntry } from './app.module';

serviceMain(gatewayEntry);
