"""Wrong: generator_optimizer updates both models; a Keras 3 optimizer only takes the variables it was built for, so the step raises ValueError."""
# loses: test_make_train_step_updates_both_models test_make_train_step_each_through_its_own_loss

# %% make_train_step
def make_train_step(generator, discriminator, generator_optimizer, discriminator_optimizer):
    @tf.function
    def train_step(images):
        noise = tf.random.normal([tf.shape(images)[0], NOISE_DIM])
        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            generated_images = generator(noise, training=True)
            real_output = discriminator(images, training=True)
            fake_output = discriminator(generated_images, training=True)
            gen_loss = generator_loss(fake_output)
            disc_loss = discriminator_loss(real_output, fake_output)
        gradients_of_generator = gen_tape.gradient(gen_loss, generator.trainable_variables)
        gradients_of_discriminator = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
        generator_optimizer.apply_gradients(zip(gradients_of_generator, generator.trainable_variables))
        generator_optimizer.apply_gradients(zip(gradients_of_discriminator, discriminator.trainable_variables))
        return gen_loss, disc_loss
    return train_step
