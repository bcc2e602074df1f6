"""Correct: one persistent tape for both losses, the optimizers' apply() instead of apply_gradients(), tf.random.normal noise, and the trackers named positionally, keras.metrics.Mean("d_loss")."""
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
        images, labels = data
        noise = tf.random.normal([tf.shape(images)[0], self.noise_dim])
        with tf.GradientTape(persistent=True) as tape:
            fakes = self.generator([noise, labels], training=True)
            real_logits = self.discriminator([images, labels], training=True)
            fake_logits = self.discriminator([fakes, labels], training=True)
            d_loss = self.loss_fn(tf.ones_like(real_logits), real_logits) + self.loss_fn(tf.zeros_like(fake_logits), fake_logits)
            g_loss = self.loss_fn(tf.ones_like(fake_logits), fake_logits)
        self.d_optimizer.apply(tape.gradient(d_loss, self.discriminator.trainable_variables), self.discriminator.trainable_variables)
        self.g_optimizer.apply(tape.gradient(g_loss, self.generator.trainable_variables), self.generator.trainable_variables)
        del tape
        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        return {metric.name: metric.result() for metric in self.metrics}
