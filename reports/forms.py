from django import forms

from .models import AnnualReport


class WrittenPartForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["introduction", "conclusions"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "conclusions": forms.Textarea(attrs={"rows": 8}),
        }
