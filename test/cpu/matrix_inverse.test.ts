// The union package registers the cpu backend and every op's gradient.
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';

import {cases} from '../cases';
import {checkSingularContract} from '../singular_property';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('matrixInverse on cpu', () => {
  for (const group of new Set(cases.map(c => c.group))) {
    describe(group, () => {
      for (const c of cases.filter(c => c.group === group)) {
        test(c.name, () => c.run());
      }
    });
  }
  test('the singular-matrix contract on ~2,000 fixture matrices, with LAPACK\'s verdicts',
       () => checkSingularContract('cpu'));
});
