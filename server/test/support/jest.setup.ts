import { closeEmbeddedDatabase } from './test-app';

afterAll(() => closeEmbeddedDatabase());
