import { Environment, RecordSource, Store } from 'relay-runtime';
import type { AuthPort } from './authPort';
import { type NetworkOptions, createNetwork } from './network';

/** One environment per identity: a sign-in or sign-out starts from an empty store. */
export function createEnvironment(auth: AuthPort, options: Omit<NetworkOptions, 'auth'> = {}): Environment {
  return new Environment({
    network: createNetwork({ ...options, auth }),
    store: new Store(new RecordSource()),
  });
}
