// The union package registers the cpu backend and every op's gradient.
import '@tensorflow/tfjs';

import * as tf from '@tensorflow/tfjs-core';

import {checkSingularContract} from '../singular_property';
import {describeCases} from '../suite';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('matrixInverse on cpu', () => {
  describeCases(testCase => testCase.run());
  test(
      'the singular-matrix contract on ~2,000 fixture matrices, with LAPACK\'s verdicts',
      () => checkSingularContract('cpu'));
});
