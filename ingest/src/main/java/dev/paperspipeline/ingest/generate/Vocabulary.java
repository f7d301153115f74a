package dev.paperspipeline.ingest.generate;

import java.util.List;

/** Topic vocabularies for synthetic papers: each topic has its own methods, tasks and datasets. */
final class Vocabulary {

  /** One research topic. */
  record Topic(
      String name,
      List<String> methods,
      List<String> tasks,
      List<String> problems,
      List<String> mechanisms,
      List<String> datasets,
      List<String> metrics) {}

  static final List<String> ADJECTIVES =
      List.of(
          "Efficient",
          "Scalable",
          "Robust",
          "Unified",
          "Lightweight",
          "Adaptive",
          "Hierarchical",
          "Self-Supervised",
          "Training-Free",
          "Sparse",
          "Controllable",
          "Generalist",
          "Modular",
          "Data-Efficient",
          "Compositional",
          "Faithful",
          "Interpretable",
          "Long-Context");

  static final List<String> ACCENTED =
      List.of("Naïve", "Schrödinger", "Gödel", "Fréchet", "Poincaré", "Élan", "Façade", "Zürich");

  static final List<String> FIELDS =
      List.of(
          "the research community",
          "practitioners",
          "open-source models",
          "real-world systems",
          "resource-constrained settings",
          "safety-critical applications");

  static final List<String> COMPONENTS =
      List.of(
          "the curriculum schedule",
          "the auxiliary objective",
          "the gating mechanism",
          "the data mixture",
          "the memory module",
          "the reward shaping term",
          "the tokenizer design",
          "the contrastive loss",
          "the routing strategy");

  static final List<String> INSIGHTS =
      List.of(
          "scale alone does not explain the observed improvements",
          "careful data curation matters more than architecture",
          "simple baselines remain surprisingly competitive",
          "evaluation protocols need to account for contamination",
          "inductive biases still help in the low-data regime");

  static final List<String> ORGS =
      List.of(
          "openlab",
          "ml-group",
          "vision-lab",
          "nlp-uni",
          "ai-research",
          "deep-works",
          "autonomy",
          "genmodels",
          "agentic-ai",
          "rl-zoo");

  static final List<Topic> TOPICS =
      List.of(
          new Topic(
              "diffusion",
              List.of(
                  "Latent Diffusion",
                  "Diffusion Transformers",
                  "Score-Based Diffusion",
                  "Consistency Models",
                  "Flow Matching",
                  "Rectified Flow",
                  "Video Diffusion"),
              List.of(
                  "Text-to-Image Generation",
                  "Image Editing",
                  "Video Synthesis",
                  "3D Asset Generation",
                  "Super-Resolution",
                  "Inpainting"),
              List.of(
                  "slow iterative sampling",
                  "poor prompt adherence",
                  "temporal flicker",
                  "mode collapse at high guidance"),
              List.of(
                  "distills the denoising trajectory into a few sampling steps",
                  "injects spatial control signals into the denoiser",
                  "reuses cached attention maps across timesteps",
                  "aligns the noise schedule with perceptual quality"),
              List.of("LAION-5B", "COCO", "ImageNet", "UCF-101", "DrawBench", "GenEval"),
              List.of("FID", "CLIP score", "FVD", "human preference rate")),
          new Topic(
              "vision",
              List.of(
                  "Vision Transformers",
                  "Convolutional Backbones",
                  "Masked Autoencoders",
                  "Segment Anything",
                  "Contrastive Pretraining",
                  "Neural Radiance Fields",
                  "Gaussian Splatting"),
              List.of(
                  "Semantic Segmentation",
                  "Object Detection",
                  "Depth Estimation",
                  "Visual Tracking",
                  "Scene Reconstruction",
                  "Image Classification"),
              List.of(
                  "distribution shift",
                  "dense annotation costs",
                  "small and occluded objects",
                  "view inconsistency"),
              List.of(
                  "learns dense features from unlabeled images",
                  "fuses multi-scale tokens with a lightweight decoder",
                  "propagates sparse labels through a feature graph",
                  "enforces geometric consistency across views"),
              List.of("ImageNet", "COCO", "ADE20K", "Cityscapes", "KITTI", "ScanNet"),
              List.of("mIoU", "top-1 accuracy", "mAP", "PSNR")),
          new Topic(
              "llm",
              List.of(
                  "Large Language Models",
                  "Mixture-of-Experts",
                  "Instruction Tuning",
                  "Chain-of-Thought Prompting",
                  "Retrieval-Augmented Generation",
                  "Speculative Decoding",
                  "Preference Optimization"),
              List.of(
                  "Mathematical Reasoning",
                  "Code Generation",
                  "Long-Context Understanding",
                  "Factual Question Answering",
                  "Instruction Following",
                  "Multilingual Transfer"),
              List.of(
                  "hallucinated facts",
                  "quadratic attention cost",
                  "brittle multi-step reasoning",
                  "benchmark contamination"),
              List.of(
                  "verifies intermediate reasoning steps with a learned critic",
                  "compresses the key-value cache without retraining",
                  "retrieves supporting passages before each decoding step",
                  "scales test-time compute with adaptive sampling"),
              List.of("MMLU", "GSM8K", "MATH", "HumanEval", "TruthfulQA", "LongBench"),
              List.of("accuracy", "pass@1", "exact match", "win rate")),
          new Topic(
              "agents",
              List.of(
                  "LLM Agents",
                  "Multi-Agent Collaboration",
                  "Tool-Augmented Language Models",
                  "Web Agents",
                  "Computer-Use Agents",
                  "Agentic Workflows"),
              List.of(
                  "Web Navigation",
                  "Software Engineering Tasks",
                  "Tool Use",
                  "Long-Horizon Planning",
                  "Scientific Discovery",
                  "GUI Automation"),
              List.of(
                  "compounding errors over long trajectories", "unreliable tool calls",
                  "poor credit assignment across agents", "costly human supervision"),
              List.of(
                  "plans with a hierarchical memory of past episodes",
                  "lets specialized agents debate before acting",
                  "learns when to call external tools",
                  "reflects on failed trajectories to refine its plan"),
              List.of("WebArena", "SWE-bench", "GAIA", "AgentBench", "OSWorld", "ToolBench"),
              List.of("success rate", "resolved rate", "task completion", "steps to success")),
          new Topic(
              "rl",
              List.of(
                  "Reinforcement Learning",
                  "RLHF",
                  "Policy Optimization",
                  "Offline RL",
                  "Model-Based RL",
                  "Reward Modeling",
                  "GRPO"),
              List.of(
                  "Reasoning Alignment",
                  "Continuous Control",
                  "Exploration",
                  "Reward Hacking Mitigation",
                  "Sim-to-Real Transfer",
                  "Multi-Task Learning"),
              List.of(
                  "sparse rewards",
                  "reward overoptimization",
                  "unstable value estimates",
                  "sample inefficiency"),
              List.of(
                  "optimizes the policy with verifiable rewards",
                  "regularizes updates toward a reference policy",
                  "learns a world model to plan in imagination",
                  "shapes rewards from language feedback"),
              List.of("MuJoCo", "Atari", "D4RL", "Procgen", "GSM8K", "MATH"),
              List.of("normalized return", "success rate", "accuracy", "reward")),
          new Topic(
              "speech",
              List.of(
                  "Speech Language Models",
                  "Neural Audio Codecs",
                  "Audio Transformers",
                  "Spoken Dialogue Models"),
              List.of(
                  "Speech Recognition", "Text-to-Speech", "Speech Translation", "Audio Captioning"),
              List.of(
                  "accented and noisy speech",
                  "high streaming latency",
                  "prosody mismatch",
                  "scarce transcribed audio"),
              List.of(
                  "tokenizes audio into discrete semantic units",
                  "streams partial hypotheses with a causal decoder",
                  "aligns speech and text in a shared latent space"),
              List.of("LibriSpeech", "Common Voice", "AudioCaps", "VCTK"),
              List.of("word error rate", "MOS", "BLEU", "latency")),
          new Topic(
              "robotics",
              List.of(
                  "Vision-Language-Action Models",
                  "Diffusion Policies",
                  "Imitation Learning",
                  "Embodied Foundation Models"),
              List.of(
                  "Robotic Manipulation",
                  "Legged Locomotion",
                  "Mobile Navigation",
                  "Dexterous Grasping"),
              List.of(
                  "scarce robot demonstrations",
                  "the embodiment gap",
                  "contact-rich dynamics",
                  "unsafe exploration"),
              List.of(
                  "co-trains on web data and robot trajectories",
                  "predicts action chunks with a transformer policy",
                  "retargets human videos to robot actions"),
              List.of("Open X-Embodiment", "RLBench", "LIBERO", "Habitat"),
              List.of("success rate", "completion time", "collision rate")));

  private Vocabulary() {}

  /**
   * Topic weights at relative time {@code t} in [0, 1]: diffusion and vision fade, agents, LLMs and
   * RL rise, speech and robotics stay flat.
   */
  static double[] weights(double t) {
    return new double[] {
      0.30 * (1 - t) + 0.03, // diffusion
      0.25 * (1 - t) + 0.03, // vision
      0.10 + 0.15 * t, // llm
      0.03 + 0.27 * t, // agents
      0.04 + 0.16 * t, // rl
      0.07, // speech
      0.07, // robotics
    };
  }
}
