import { corpusSuite } from './xliff-corpus.ts';

corpusSuite('1.2');
