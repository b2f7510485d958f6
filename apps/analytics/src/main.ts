import 'reflect-metadata';
import { explainStartupError, serviceMain } from '@emporium/platform-app';
import { analyticsEntry } from './app.module';
import { runReplay } from './replay';

// `main.js replay` rebuilds the analytics tables from the topics and exits (docs/analytics.md).
if (process.argv[2] === 'replay') {
  const config = analyticsEntry.loadConfig(process.env);
  runReplay(config, (line) => process.stderr.write(`${line}\n`)).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${explainStartupError(error, config)}\n`);
      process.exit(1);
    },
  );
} else {
  serviceMain(analyticsEntry);
}
