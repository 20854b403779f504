__version__ = "0.1.0"

# fastai (2.8.x) compiles a few TorchScript helpers when it is imported, and torch >= 2.15 answers each lesson's first
# fastai import with "FutureWarning: torch.jit.script is deprecated". The call is fastai's and nothing a learner can
# act on, so importing mnist_basics (which every lesson does before fastai) hides that one warning and no other.
import warnings as _warnings
_warnings.filterwarnings('ignore', message=r'.*torch\.jit\.script', category=FutureWarning)
