import { createMemoryStore } from '../../../src/stores/memory-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory', async () => {
  const store = createMemoryStore({ checkPeriodSeconds: 1 });
  return { store, cleanup: () => store.close() };
});
