"""Correct: the fakes for D's step made inside D's (non-persistent) tape, with training=True; the lesson allows either side of the tape."""
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
        self.d_loss_tracker = keras.metrics.Mean("d_loss")
        self.g_loss_tracker = keras.metrics.Mean("g_loss")

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker]

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer, self.g_optimizer, self.loss_fn = d_optimizer, g_optimizer, loss_fn

    def train_step(self, data):
        real_images, labels = data
        batch_size = tf.shape(real_images)[0]

        noise = keras.random.normal((batch_size, self.noise_dim), seed=self.seed_generator)
        with tf.GradientTape() as tape:
            fake_images = self.generator([noise, labels], training=True)  # the fakes made inside D's tape
            real_logits = self.discriminator([real_images, labels], training=True)
            fake_logits = self.discriminator([fake_images, labels], training=True)
            d_loss = (self.loss_fn(tf.ones_like(real_logits), real_logits)
                      + self.loss_fn(tf.zeros_like(fake_logits), fake_logits))
        gradients = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(gradients, self.discriminator.trainable_weights))

        noise = keras.random.normal((batch_size, self.noise_dim), seed=self.seed_generator)
        with tf.GradientTape() as tape:
            fake_logits = self.discriminator([self.generator([noise, labels], training=True), labels], training=True)
            g_loss = self.loss_fn(tf.ones_like(fake_logits), fake_logits)
        gradients = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(gradients, self.generator.trainable_weights))

        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        return {metric.name: metric.result() for metric in self.metrics}
