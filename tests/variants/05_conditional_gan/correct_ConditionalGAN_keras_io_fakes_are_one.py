"""Correct: keras-io's Conditional GAN convention, fakes labelled 1 and real images 0 in D's one batch of 2B, and G's step against zeros: the other convention, used by both steps."""
# loses: nothing

# %% ConditionalGAN
class ConditionalGAN(keras.Model):
    """A conditional generator and discriminator that fit() trains together, one train_step per batch."""

    def __init__(self, generator, discriminator, noise_dim=NOISE_DIM):
        super().__init__()
        self.generator = generator
        self.discriminator = discriminator
        self.noise_dim = noise_dim
        self.seed_generator = keras.random.SeedGenerator(2024)  # the noise of each step
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker]

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn

    def train_step(self, data):
        real_images, class_labels = data
        batch_size = keras.ops.shape(real_images)[0]

        random_latent_vectors = keras.random.normal(shape=(batch_size, self.noise_dim), seed=self.seed_generator)
        generated_images = self.generator([random_latent_vectors, class_labels], training=True)
        combined_images = keras.ops.concatenate([generated_images, real_images], axis=0)
        combined_classes = keras.ops.concatenate([class_labels, class_labels], axis=0)
        labels = keras.ops.concatenate([keras.ops.ones((batch_size, 1)), keras.ops.zeros((batch_size, 1))], axis=0)
        with tf.GradientTape() as tape:
            predictions = self.discriminator([combined_images, combined_classes], training=True)
            d_loss = self.loss_fn(labels, predictions)
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))

        random_latent_vectors = keras.random.normal(shape=(batch_size, self.noise_dim), seed=self.seed_generator)
        misleading_labels = keras.ops.zeros((batch_size, 1))
        with tf.GradientTape() as tape:
            fake_images = self.generator([random_latent_vectors, class_labels], training=True)
            predictions = self.discriminator([fake_images, class_labels], training=True)
            g_loss = self.loss_fn(misleading_labels, predictions)
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))

        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        return {"d_loss": self.d_loss_tracker.result(), "g_loss": self.g_loss_tracker.result()}
