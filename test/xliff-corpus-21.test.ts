import { corpusSuite } from './xliff-corpus.ts';

corpusSuite('2.1');
