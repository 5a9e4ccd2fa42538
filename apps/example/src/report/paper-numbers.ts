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
  /**
   * PyTorch on this machine kind, two seeds: Fashion-MNIST, 10k training images, crop (pad 2) + flip, Adam 1e-3,
   * batch 128, 12 epochs; teacher conv 32–64 (3×3, pool 2) + dense 128; student conv 8–16 + linear; 5k transfer
   * images with the teacher's targets on the augmented image.
   */
  pytorchDistillation: {
    setting: 'conv 32–64 + dense 128 teachers, conv 8–16 students, 10k images, 12 epochs',
    studentAlone: '76.7 / 75.6',
    hardLabelTeacher: '85.8 / 86.3',
    hardStudents: 'T = 1: 76.4 / 78.0, T = 2: 77.4 / 77.5, T = 4: 79.1 / 78.4, T = 8: 79.5 / 79.7',
    smoothedTeachers: 'ε 0.1: 85.9 / 86.7, ε 0.3: 86.3 / 86.4',
    smoothedStudents: 'ε 0.1: T = 1 77.1 / 78.0, T = 2 77.9 / 77.6; ε 0.3: T = 1 77.2 / 77.2, T = 2 78.0 / 77.8',
  },
};
