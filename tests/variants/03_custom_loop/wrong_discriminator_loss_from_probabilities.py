"""Wrong: from_logits=False on logits."""
# loses: test_discriminator_loss

# %% discriminator_loss
def discriminator_loss(real_output, fake_output):
    bce = tf.keras.losses.BinaryCrossentropy(from_logits=False)
    return bce(tf.ones_like(real_output), real_output) + bce(tf.zeros_like(fake_output), fake_output)
