import * as tf from '@tensorflow/tfjs-core';
import { checkFinite, checkLiveTensor, checkRank, type TensorInput, toTensor } from '@softlabels/core';

/**
 * Reads the `[N, H, W, C]` images of an augmentation: a tensor keeps its dtype (float32, int32 or bool, so that
 * augmented pixels come back as they went in), arrays become float32; float pixels must be finite. Call it inside
 * `tf.tidy`.
 * @internal
 */
export function readImages(images: TensorInput, functionName: string): tf.Tensor {
  if (images instanceof tf.Tensor && images.dtype === 'bool') {
    checkLiveTensor(images, 'images', functionName);
    checkRank(images, 'images', functionName, { min: 4, max: 4 });
    return images;
  }
  const dtype = images instanceof tf.Tensor && images.dtype === 'int32' ? 'int32' : 'float32';
  const input = toTensor(images, 'images', functionName, dtype);
  checkRank(input, 'images', functionName, { min: 4, max: 4 });
  if (input.dtype === 'float32') checkFinite(input, 'images', functionName);
  return input;
}
