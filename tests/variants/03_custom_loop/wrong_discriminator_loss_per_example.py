"""Wrong: D's loss returns one loss per image (no reduce_mean), not one number."""
# loses: test_discriminator_loss

# %% discriminator_loss
def discriminator_loss(real_output, fake_output):
    real_loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(real_output), logits=real_output)
    fake_loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros_like(fake_output), logits=fake_output)
    return real_loss + fake_loss
