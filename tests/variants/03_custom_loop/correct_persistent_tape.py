"""Correct: one persistent tape for both gradients, and the optimizers' apply() instead of apply_gradients()."""
# loses: nothing

# %% make_train_step
def make_train_step(generator, discriminator, generator_optimizer, discriminator_optimizer):
    @tf.function
    def train_step(images):
        noise = tf.random.normal([tf.shape(images)[0], NOISE_DIM])
        with tf.GradientTape(persistent=True) as tape:
            fake_output = discriminator(generator(noise, training=True), training=True)
            real_output = discriminator(images, training=True)
            gen_loss = generator_loss(fake_output)
            disc_loss = discriminator_loss(real_output, fake_output)
        generator_optimizer.apply(tape.gradient(gen_loss, generator.trainable_variables), generator.trainable_variables)
        discriminator_optimizer.apply(tape.gradient(disc_loss, discriminator.trainable_variables), discriminator.trainable_variables)
        del tape
        return gen_loss, disc_loss
    return train_step
