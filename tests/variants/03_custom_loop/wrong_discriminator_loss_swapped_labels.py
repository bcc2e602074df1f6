"""Wrong: real logits against zeros and fakes against ones."""
# loses: test_discriminator_loss

# %% discriminator_loss
def discriminator_loss(real_output, fake_output):
    return cross_entropy(tf.zeros_like(real_output), real_output) + cross_entropy(tf.ones_like(fake_output), fake_output)
