export {
  createEmporiumClient,
  type EmporiumClient,
  type EmporiumClientOptions,
  type EmporiumPaths,
} from './client';
export { OrderStreamError, type OrderStatusEvent, type OrderStream } from './order-stream';
export { memoryStorage, type ClientState, type ClientStorage, type Fetch } from './session';
export type { components, operations, paths } from './schema';
