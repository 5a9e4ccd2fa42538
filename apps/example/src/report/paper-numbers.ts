/** Numbers from Müller, Kornblith & Hinton (NeurIPS 2019) and the PyTorch reference runs, shown beside ours. */
export const PAPER = {
  calibration: [
    {
      setting: 'CIFAR-100, ResNet-56',
      baselineEce: 0.15,
      temperatureEce: 0.021,
      temperature: 1.9,
      smoothingEce: 0.024,
      epsilon: 0.05,
    },
    {
      setting: 'ImageNet, Inception-v4',
      baselineEce: 0.071,
      temperatureEce: 0.022,
      temperature: 1.4,
      smoothingEce: 0.035,
      epsilon: 0.1,
    },
    {
      setting: 'EN-DE, Transformer',
      baselineEce: 0.056,
      temperatureEce: 0.018,
      temperature: 1.13,
      smoothingEce: 0.019,
      epsilon: 0.1,
    },
  ],
  /** PyTorch on this machine kind: Fashion-MNIST, 2×256 MLP, 10k images, 30 epochs. */
  pytorchFashionMnist: {
    baselineEce: 0.064,
    temperatureEce: 0.019,
    temperature: 1.93,
    smoothing005Ece: 0.023,
    smoothing01Ece: 0.042,
  },
  accuracy: [
    { setting: 'CIFAR-10, AlexNet', baseline: '86.8 ± 0.2', smoothed: '86.7 ± 0.3' },
    { setting: 'CIFAR-100, ResNet-56', baseline: '72.1 ± 0.3', smoothed: '72.7 ± 0.3' },
    { setting: 'ImageNet, Inception-v4', baseline: '80.9', smoothed: '80.9' },
  ],
  /** PyTorch, Fashion-MNIST, 1×128 student on a 2k transfer set, 60 epochs, two seeds (paper.md). */
  pytorchDistillation: {
    studentAlone: '82.0 / 81.8',
    hardLabelTeacher: '85.1 / 86.2',
    hardStudents: 'T = 1: 82.5 / 83.1, T = 2: 82.7 / 83.2, T = 4: 83.3 / 83.8',
    smoothedTeacher: '86.3 / 86.7 (ε 0.1)',
    smoothedStudent: '82.8 / 83.0 (T = 1)',
  },
};
