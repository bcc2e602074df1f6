"""Wrong: D's gradients are taken of the generator's loss, so D learns to call fakes real."""
# loses: test_make_train_step_each_through_its_own_loss

# %% make_train_step
def make_train_step(generator, discriminator, generator_optimizer, discriminator_optimizer):
    @tf.function
    def train_step(images):
        noise = tf.random.normal([tf.shape(images)[0], NOISE_DIM])
        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            fake_output = discriminator(generator(noise, training=True), training=True)
            real_output = discriminator(images, training=True)
            gen_loss = generator_loss(fake_output)
            disc_loss = discriminator_loss(real_output, fake_output)
        generator_optimizer.apply_gradients(zip(gen_tape.gradient(gen_loss, generator.trainable_variables), generator.trainable_variables))
        discriminator_optimizer.apply_gradients(zip(disc_tape.gradient(gen_loss, discriminator.trainable_variables), discriminator.trainable_variables))
        return gen_loss, disc_loss
    return train_step
