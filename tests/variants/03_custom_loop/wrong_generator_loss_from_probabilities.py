"""Wrong: from_logits=False on logits in G's loss."""
# loses: test_generator_loss

# %% generator_loss
def generator_loss(fake_output):
    return tf.keras.losses.BinaryCrossentropy()(tf.ones_like(fake_output), fake_output)
